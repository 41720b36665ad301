"""Check a candidate's answer receipt against what is stored (each check audited)."""

from __future__ import annotations

from dataclasses import dataclass

from assessment_app import audit
from assessment_app.attempts.receipts import Receipt, codes_match, normalize_code, receipts_of
from assessment_app.exceptions import invalid
from assessment_app.tabular.nip import normalize_nip


@dataclass(frozen=True)
class ReceiptCheck:
    """The NIP and code as read, and per finished test of the candidate whether it matches."""

    nip: str
    code: str
    checks: list[tuple[Receipt, bool]]


def check_receipt(nip_text: str, code_text: str, *, actor: str) -> ReceiptCheck:
    """Compare the code with every finished test's receipt and audit the check.

    Refuses (422 `unknown_nip`, on the field `nip`) a NIP that is not in the event.
    """
    nip, code = normalize_nip(nip_text), normalize_code(code_text)
    found = receipts_of(nip)
    if found is None:
        raise invalid("NIP ini tidak terdaftar pada acara.", field="nip", code="unknown_nip")
    checks = [(receipt, codes_match(code, receipt.code)) for receipt in found]
    audit.record(
        actor,
        "receipt.check",
        target=f"candidate:{nip}",
        details={"nip": nip, "code": code, "matched": [r.test_code for r, ok in checks if ok]},
    )
    return ReceiptCheck(nip, code, checks)
