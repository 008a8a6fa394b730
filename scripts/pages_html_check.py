"""The HTML of the three pages of issue #17 for many personas and filters, CSRF tokens and CSP
nonces masked, one file per page, to compare two trees byte for byte (a measuring aid, not a test):

    DJANGO_DEBUG=1 DATABASE_URL=postgres://…/<db with generate_load_data> \
        .venv/bin/python scripts/pages_html_check.py TREE OUTDIR
    diff -r OUTDIR_BEFORE OUTDIR_AFTER

TREE: the checkout whose code renders (a worktree of main for "before"). Personas: load.admin,
load.coordinador, load.secretaria, load.enlace; the dashboard, Mis acuerdos with 13 variants and
8 group pages (20 and 88: sessions on the same day and hour at scale 1) with 8 variants each."""
import os, re, sys
tree, out = sys.argv[1], sys.argv[2]
sys.path.insert(0, tree); os.chdir(tree)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")
import django; django.setup()
from django.conf import settings
settings.ALLOWED_HOSTS = ["*"]
from django.contrib.auth import get_user_model
from django.test import Client
from meetings.models import WorkingGroup, Session
from directory.models import Institution
from agreements.models import Acuerdo
os.makedirs(out, exist_ok=True)
def masked(html):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value="…"', html)
    return re.sub(r'nonce="[^"]+"', 'nonce="…"', html)
groups = list(WorkingGroup.objects.filter(acronym__startswith="LOAD").order_by("pk")[:4]) + \
    list(WorkingGroup.objects.exclude(acronym__startswith="LOAD").order_by("pk")[:2]) + list(WorkingGroup.objects.filter(pk__in=[20, 88]))
personas = ["load.admin", "load.coordinador", "load.secretaria", "load.enlace"]
urls = ["/coordinacion/"]
for q in ["", "?page=2", "?status=pending", "?status=reported", "?overall=overdue", "?due=overdue",
          "?sort=-due", "?sort=group", "?role=responsable&due=next_30", "?q=informe", "?date_request=true",
          "?page=3&sort=due", "?institution=abc"]:
    urls.append("/acuerdos/" + q)
for g in groups:
    s = Session.objects.filter(group=g, acuerdos__isnull=False).order_by("pk").first()
    inst = g.memberships.order_by("pk").values_list("institution_id", flat=True).first()
    base = f"/groups/{g.pk}/"
    urls += [base, base + "?status=pending", base + "?status=overdue", base + f"?institution={inst}",
             base + (f"?session={s.pk}" if s else "?session=1"), base + "?due_from=2025-01-01&due_to=2026-06-30",
             base + "?session=999999", base + "?due_from=bad"]
n = 0
for p in personas:
    c = Client(HTTP_HOST="127.0.0.1")
    c.force_login(get_user_model().objects.get(username=p))
    for i, u in enumerate(urls):
        r = c.get(u)
        body = r.content.decode() if r.status_code == 200 else ""
        with open(f"{out}/{p}_{i:03d}.html", "w") as f:
            f.write(f"{u} {r.status_code}\n" + masked(body))
        n += 1
print(n, "pages written")
