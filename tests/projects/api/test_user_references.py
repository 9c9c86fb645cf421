"""References to users are ids, as for every foreign key, with the user's readable name beside them."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile


def test_a_file_version_names_its_uploader_by_id_and_name(world, client_for):
    uploader = world.users["partner_same"]
    response = client_for(uploader).post(
        f"/api/deliverables/{world.objects['deliverable'].pk}/files/",
        {"file": SimpleUploadedFile("plan.txt", b"Work plan\n")},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["uploaded_by"] == uploader.pk
    assert response.json()["uploaded_by_name"] == f"{uploader.first_name} {uploader.last_name}"


def test_a_member_without_a_full_name_is_named_by_username(world, client_for):
    get_user_model().objects.filter(pk=world.users["auditor"].pk).update(first_name="", last_name="")
    rows = client_for(world.users["staff"]).get("/api/members/", {"project": world.project.pk}).json()["results"]
    auditor = next(row for row in rows if row["user"] == world.users["auditor"].pk)
    assert auditor["user_name"] == world.users["auditor"].username
