"""Developing new members (phát triển đảng viên): candidates (quần chúng ưu tú), each step of their dossier
dated and audited, eligibility checked before the admission decision, which creates the probationary member;
work away from home; yearly admission targets split down the tree."""
