"""Quality review and rating (đánh giá, xếp loại chất lượng, 366-QĐ/TW and 43-HD/BTCTW): campaigns per year,
term, quarter or occasion, the self-assessment, the appraisal and the upper level's decision for orgs and
members, the 100-point scale and its four levels, the quota on "excellent", and the year-on-year summary."""
