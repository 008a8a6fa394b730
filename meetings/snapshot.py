"""The content of a minuta as plain data: what an approved revision froze (MinutaRevision.content)."""

from django.db.models import Prefetch

from .models import AgendaItem, AgendaPresenter, Session


def minuta_content(session: Session) -> dict:
    session = (
        Session.objects.select_related("group", "convoca", "drafted_by", "approved_by")
        .prefetch_related(
            "attendances__institution",
            Prefetch("agenda_items", queryset=AgendaItem.objects.prefetch_related(
                Prefetch("presenters",
                         queryset=AgendaPresenter.objects.select_related("attendance")))),
            "acuerdos__responsibilities__institution",
            "photos",
        )
        .get(pk=session.pk)
    )
    return {
        "code": session.code,
        "revision": session.revision,
        "title": session.title,
        "subject": session.subject,
        "date": session.date.isoformat(),
        "start_time": session.start_time.strftime("%H:%M"),
        "end_time": session.end_time.strftime("%H:%M") if session.end_time else "",
        "modality": session.get_modality_display(),
        "place": session.place,
        "video_url": session.video_url,
        "meeting_id": session.meeting_id,
        "passcode": session.passcode,
        "video_details": session.video_details,
        "objective": session.objective,
        "convoca": str(session.convoca or ""),
        "participants": [
            {"name": a.name, "cargo": a.cargo, "institution": a.institution.acronym,
             "present": a.present}
            for a in session.attendances.all()
        ],
        "agenda": [
            {"start": i.start_time.strftime("%H:%M"), "end": i.end_time.strftime("%H:%M"),
             "activity": i.activity, "presenters": [p.label for p in i.presenters.all()],
             "narrative": i.narrative}
            for i in session.agenda_items.all()
        ],
        "acuerdos": [
            {"number": a.number, "text": a.text,
             "due_date": a.due_date.isoformat() if a.due_date else "",
             "all_institutions": a.all_institutions,
             "responsables": [r.institution.acronym for r in a.responsibilities.all()
                              if r.role == "responsable"],
             "coadyuvantes": [r.institution.acronym for r in a.responsibilities.all()
                              if r.role == "coadyuvante"]}
            for a in session.acuerdos.all()
        ],
        "photos": [{"image": p.image.name, "caption": p.caption} for p in session.photos.all()],
        "drafted_by": session.drafted_by.name if session.drafted_by else "",
        "approved_by": session.approved_by.name if session.approved_by else "",
        "approved_at": session.approved_at.isoformat() if session.approved_at else "",
    }
