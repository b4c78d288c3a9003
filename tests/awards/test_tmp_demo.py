from datetime import date
from tochuc.demo.awards import seed_awards
from tochuc.awards.models import Nominee, Decision

def test_run(tree):
    print(seed_awards(root=tree.province, today=date(2026, 11, 20), seed=1))
    for d in Decision.objects.all():
        print(d.org.code, d.number, d.signed_on, d.title, d.signer_name, d.signer_title, d.nominees.count())
    for n in Nominee.objects.all():
        print(n.proposing_org.code, n.recipient_name, n.recipient_unit, n.status, n.form, n.period_type)
