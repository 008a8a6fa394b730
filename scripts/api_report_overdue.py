#!/usr/bin/env python3
"""An institution's system, as a client of the Acuerdos API, knowing ONLY the OpenAPI document
and tokens: list the institution's overdue acuerdos, report one as fulfilled with a PDF as
evidence, and — with the token of the group's secretariat — validate that report.

    python scripts/api_report_overdue.py --base http://127.0.0.1:8000 --token ENLACE_KEY \\
        --institution FGR [--evidence informe.pdf] [--validator-token SECRETARIAT_KEY]

Everything else — paths, methods, parameters, request media types, allowed statuses — is read from
/api/schema/ by operationId. Without --evidence a one-page PDF is made on the fly. A fulfilment
report waits for the secretariat ("reported"); only its validation makes the part "fulfilled".
Standard library only."""

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

SCHEMA_PATH = "/api/schema/"
MULTIPART = "multipart/form-data"


class Client:
    def __init__(self, base: str, token: str, schema: dict | None = None):
        self.base = base.rstrip("/")
        self.token = token
        self.schema = schema or self._request(
            "GET", self.base + SCHEMA_PATH + "?format=json", auth=False)[0]
        self.operations = {
            op["operationId"]: (method.upper(), path, op)
            for path, item in self.schema["paths"].items()
            for method, op in item.items()
        }

    def as_user(self, token: str) -> "Client":
        """The same API (schema already read) with another user's token."""
        return Client(self.base, token, self.schema)

    def _request(self, method, url, body=None, headers=None, auth=True, media_type=None):
        headers = {"Accept": "application/json", **(headers or {})}
        if auth:
            headers["Authorization"] = f"Token {self.token}"
        data = None
        if body is not None:
            if media_type == MULTIPART:
                data, headers["Content-Type"] = encode_multipart(body)
            else:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null"), response.headers

    def resolve(self, schema: dict) -> dict:
        while "$ref" in schema or "allOf" in schema:
            if "$ref" in schema:
                name = schema["$ref"].rsplit("/", 1)[-1]
                schema = self.schema["components"]["schemas"][name]
            else:
                schema = schema["allOf"][0]
        return schema

    def request_body(self, operation_id) -> tuple[str, dict]:
        """The media type the operation takes (JSON preferred) and its body's schema."""
        content = self.operations[operation_id][2]["requestBody"]["content"]
        media_type = "application/json" if "application/json" in content else next(iter(content))
        return media_type, self.resolve(content[media_type]["schema"])

    def allowed(self, operation_id, field) -> list[str]:
        _media, body = self.request_body(operation_id)
        return self.resolve(body["properties"][field])["enum"]

    def call(self, operation_id, *, path=None, query=None, body=None, headers=None):
        method, template, op = self.operations[operation_id]
        declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
        unknown = set(query or {}) - declared
        if unknown:
            raise ValueError(f"{operation_id} has no parameters {sorted(unknown)}")
        url = self.base + template.format(**(path or {}))
        if query:
            url += "?" + urllib.parse.urlencode(query)
        media_type = self.request_body(operation_id)[0] if body is not None else None
        return self._request(method, url, body=body, headers=headers, media_type=media_type)

    def each(self, operation_id, **query):
        """Every row of a paginated list, following `next`."""
        page, _ = self.call(operation_id, query=query)
        while True:
            yield from page["results"]
            if not page.get("next"):
                return
            page, _ = self._request("GET", page["next"])


def encode_multipart(fields: dict) -> tuple[bytes, str]:
    """fields: name → str, or a list of (filename, bytes, content type) files."""
    boundary = uuid.uuid4().hex
    lines = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            lines.append(f"--{boundary}".encode())
            if isinstance(item, tuple):
                filename, content, content_type = item
                lines.append(f'Content-Disposition: form-data; name="{name}"; '
                             f'filename="{filename}"'.encode())
                lines.append(f"Content-Type: {content_type}".encode())
                lines += [b"", content]
            else:
                lines.append(f'Content-Disposition: form-data; name="{name}"'.encode())
                lines += [b"", str(item).encode()]
    lines += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(lines), f"{MULTIPART}; boundary={boundary}"


def small_pdf(text: str) -> bytes:
    """A valid one-page PDF saying `text` (ASCII), with a correct cross-reference table."""
    safe = text.encode("ascii", "replace").decode().replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 12 Tf 72 720 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def overdue_acuerdos(client: Client, acronym: str) -> tuple[dict, list[dict]]:
    institution = next(i for i in client.each("institutions_list", acronym=acronym))
    rows = list(client.each("acuerdos_list", institution=institution["id"], overdue="true"))
    return institution, rows


def reportable_part(institution: dict, acuerdos: list[dict], number: str | None = None):
    """The institution's first part still to report on (not reported nor fulfilled)."""
    for acuerdo in acuerdos:
        if number and acuerdo["number"] != number:
            continue
        for part in acuerdo["responsibilities"]:
            if part["institution"]["id"] == institution["id"] and part["status"] in (
                "pending", "in_progress"
            ):
                return acuerdo, part
    raise LookupError("no part of the institution left to report on")


def report_fulfilled(client: Client, part: dict, comment: str, evidence: tuple) -> dict:
    status = "reported"
    if status not in client.allowed("reports_create", "status"):
        raise LookupError("the API does not take fulfilment reports")
    report, _ = client.call("reports_create", path={"id": part["id"]},
                            body={"status": status, "comment": comment, "files": [evidence]})
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--token", required=True, help="the institution's enlace's token")
    parser.add_argument("--institution", default="FGR")
    parser.add_argument("--acuerdo", help="report on this acuerdo number (default: the first)")
    parser.add_argument("--evidence", help="a PDF to attach (default: a one-page PDF made here)")
    parser.add_argument("--comment", default="Cumplido; se adjunta el oficio de entrega.")
    parser.add_argument("--validator-token",
                        help="the group's secretariat's token: validate the report")
    args = parser.parse_args(argv)
    client = Client(args.base, args.token)
    institution, rows = overdue_acuerdos(client, args.institution)
    for row in rows:
        print(f"{row['number']:<10} {row['group']['acronym']:<14} {row['due_date']}  {row['text'][:70]}")
    try:
        acuerdo, part = reportable_part(institution, rows, args.acuerdo)
        if args.evidence:
            with open(args.evidence, "rb") as handle:
                content, name = handle.read(), args.evidence.rsplit("/", 1)[-1]
        else:
            content = small_pdf(f"{institution['acronym']}: acuerdo {acuerdo['number']} cumplido")
            name = f"cumplimiento-{acuerdo['number'].replace('/', '-')}.pdf"
        report = report_fulfilled(client, part, args.comment, (name, content, "application/pdf"))
        print(f"reported: {acuerdo['number']} {institution['acronym']} {part['status']} → reported "
              f"(report {report['id']}, {report['status']}, evidence "
              f"{', '.join(e['name'] for e in report['evidence'])})")
        if args.validator_token:
            secretariat = client.as_user(args.validator_token)
            validated, _ = secretariat.call("reports_validate", path={"id": report["id"]},
                                            body={"note": "Validado a través de la API"})
            now, _ = client.call("responsibilities_retrieve", path={"id": part["id"]})
            print(f"validated: {acuerdo['number']} {institution['acronym']} "
                  f"report {validated['status']} → part {now['status']}")
    except (LookupError, OSError, urllib.error.HTTPError) as exc:
        detail = exc.read().decode() if isinstance(exc, urllib.error.HTTPError) else ""
        print(f"failed: {exc} {detail}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
