"""The kinds of result correction, in words (pure): the results service, its pages and the audit
sentences.
"""

LEVEL_CUTS = "level_cuts"  # the kind that changes a test's (or some competencies') cuts

# The corrections an admin can make, and those recorded before scoring v2 (on the old
# scales: listed in the record, no longer applied).
CORRECTION_KINDS = {
    "drop_item": "Soal dianulir (tidak dinilai)",
    "credit_all": "Semua pilihan diberi nilai penuh",
    LEVEL_CUTS: "Batas level (skor C) diubah",
}
RETIRED_KINDS = {
    "sjt_level_cuts": "Batas level SJT skala lama (tidak berlaku lagi)",
    "mcq_level_cuts": "Batas level pilihan ganda skala lama (tidak berlaku lagi)",
}
