"""Internal political protection (bảo vệ chính trị nội bộ, 58-QĐ/TW): verification cases on candidates for
admission, cadres before appointment or planning and others, their questions and dated findings, the
restricted notes on a person's political history (every view audited), and the yearly summary."""
