"""Cadre work (công tác cán bộ, Quy định 377-QĐ/TW): posts and who holds them, planning, appointment and
re-appointment, rotation and secondment, training, yearly evaluation, and the staff made surplus by the
restructuring of organizations."""
