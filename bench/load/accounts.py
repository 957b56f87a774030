"""The people of the load benchmark: one account each, every role, in the throw-away database.

``python -m bench.load.accounts OUTPUT.json`` (with the platform's environment) creates them and
writes what the load generator needs: e-mail, password, TOTP key for the two-factor roles, the
pages of their role, and their writes (answer saves on their own ML's self-assessment, uploads of
a small extract of their own ML). Each person works on a structure of their own: concurrent
edits are tested elsewhere; here every accepted write must be found in the database.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PASSWORD = "charge-bench-2026"
MIX = {  # role -> people (100 in all)
    "ML_QUALITY": 40,
    "ML_DIRECTOR": 15,
    "ARML_REFERENT": 20,
    "NATIONAL_ADMIN": 10,
    "AUDITOR": 8,
    "COMMISSION_MEMBER": 7,
}


def _extract(code: str, year: int) -> list[tuple[str, str]]:
    """A valid extract of three young people of ``code`` for ``year`` (no situation, no programme)."""
    jeunes = ["structure;jeune;sexe;naissance;premier_accueil;niveau;qpv;zrr;rqth;logement;justice"]
    actes = ["structure;jeune;date;type;duree_minutes"]
    for n in range(3):
        ident = f"charge-{code.lower()}-{n:02d}"
        jeunes.append(f"{code};{ident};F;2004-05;{year}-01-15;;0;0;0;;0")
        actes.append(f"{code};{ident};{year}-05-02;ENTRETIEN;45")
    return [
        ("jeunes.csv", "\n".join(jeunes) + "\n"),
        ("evenements.csv", "\n".join(actes) + "\n"),
        ("situations.csv", "structure;jeune;date;type;contrat;duree_mois\n"),
        ("dispositifs.csv", "structure;jeune;dispositif;entree;sortie;motif_sortie\n"),
    ]


def build() -> list[dict]:
    from django.urls import reverse
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from mlplatform.accounts.enums import TWO_FACTOR_ROLES, Role
    from mlplatform.accounts.models import Membership, User
    from mlplatform.assessments.models import Assessment, Campaign
    from mlplatform.assessments.services import requirements_for
    from mlplatform.network.models import Structure
    from mlplatform.observatory import indicators

    today = timezone.localdate()
    campaign = (
        Campaign.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("-opens_on").first()
    )
    assessments = list(
        Assessment.objects.filter(campaign=campaign, structure__type="ML", status="IN_PROGRESS")
        .select_related("structure", "framework_version")
        .order_by("structure__code")
    )
    mls = list(Structure.objects.ml().order_by("code"))
    armls = list(Structure.objects.arml().order_by("code"))
    unml = Structure.objects.get(type="UNML")
    year = max(indicators.years_available(None))
    accounts = []
    for role, count in MIX.items():
        for index in range(count):
            email = f"charge.{role.lower()}.{index:02d}@bench.test"
            user = User.objects.create_user(email, PASSWORD, first_name="Charge", last_name=f"{role} {index}")
            account = {"email": email, "password": PASSWORD, "role": role, "pages": []}
            if role == "ML_QUALITY":
                assessment = assessments[index % len(assessments)]
                structure = assessment.structure
                # Each with its part: the answering page shows one part at a time.
                requirements = requirements_for(assessment.framework_version, "ML").values_list(
                    "pk", "commitment__part__number"
                )
                account |= {
                    "write": "answer",
                    "assessment_url": reverse("assessments:assessment", args=[assessment.pk]),
                    "save_url": reverse("assessments:save_answer", args=[assessment.pk, 0]).replace(
                        "/0/", "/0000/"
                    ),
                    "requirements": [list(pair) for pair in requirements[:40]],
                    "pages": [
                        (reverse("assessments:results", args=[assessment.pk]), "results"),
                        (reverse("network:tree"), "network tree"),
                    ],
                }
            elif role == "ML_DIRECTOR":
                structure = mls[-(index + 1)]
                account |= {
                    "write": "upload",
                    "year": year,
                    "files": _extract(structure.code, year),
                    "pages": [
                        (reverse("observatory:figures", args=[structure.code, year]), "key figures (ML)"),
                        (reverse("label:file", args=[structure.code]), "label file"),
                    ],
                }
            elif role == "ARML_REFERENT":
                structure = armls[index % len(armls)]
                account["pages"] = [
                    (reverse("observatory:figures", args=[structure.code, year]), "key figures (ARML)"),
                    (reverse("label:region", args=[structure.code]), "label region dashboard"),
                    (reverse("network:tree"), "network tree"),
                ]
                if campaign is not None:
                    region = reverse("assessments:region", kwargs={"pk": campaign.pk, "code": structure.code})
                    account["pages"].append((region, "regional heat map"))
            elif role == "NATIONAL_ADMIN":
                structure = unml
                account["pages"] = [
                    (reverse("label:dashboard"), "label dashboard"),
                    (reverse("observatory:figures", args=[unml.code, year]), "key figures (nation)"),
                    (reverse("network:tree"), "network tree"),
                ]
            elif role == "AUDITOR":
                structure = unml
                account["pages"] = [(reverse("label:audit_list"), "audits")]
            else:
                structure = unml
                account["pages"] = [(reverse("label:sessions"), "commission sessions")]
            Membership.objects.create(user=user, structure=structure, role=role)
            user.current_membership = user.memberships.get()
            user.save(update_fields=["current_membership"])
            if role in TWO_FACTOR_ROLES:
                device = TOTPDevice.objects.create(user=user, name="charge", confirmed=True)
                account["totp_key"] = device.key
            account["role_label"] = Role(role).label
            accounts.append(account)
    return accounts


def main() -> None:
    import django

    django.setup()
    output = Path(sys.argv[1])
    output.write_text(json.dumps(build(), ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
