"""The customer panel of a business customer's case: "cheque sent" and "invoice disputed"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.cases.actions.customer import record_invoice_dispute, record_payment_sent
from arrears.cases.customer_forms import InvoiceDisputeForm, PaymentSentForm
from arrears.cases.models import Case
from arrears.cases.views.common import _post_action


@login_required
@require_POST
def payment_sent(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case, form: PaymentSentForm) -> str:
        expected = record_payment_sent(case, request.user, **form.cleaned_data)
        return _("Expected payment recorded: checked on %(day)s.") % {"day": expected.expected_on.isoformat()}

    return _post_action(request, public_id, work, PaymentSentForm)


@login_required
@require_POST
def invoice_disputed(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case, form: InvoiceDisputeForm) -> str:
        disputes = record_invoice_dispute(case, request.user, **form.cleaned_data)
        return _("Dispute recorded for %(n)d invoice(s); their dunning is paused.") % {"n": len(disputes)}

    return _post_action(request, public_id, work, InvoiceDisputeForm)
