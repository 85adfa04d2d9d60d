"""From a decided revocation to the document generator's plain dataclass."""

from __future__ import annotations

from ocop.certificates.services import decision_issuer, level_issuer
from ocop.documents.model import Signer
from ocop.documents.revocation import RevocationDoc

from .models import Revocation


def _signer(title: str, name: str) -> Signer:
    """A deputy signs on behalf of the head (Decree 30/2020, Appendix I), as on the recognition decision."""
    on_behalf = ""
    if title.lower().startswith("phó "):
        on_behalf = "KT. " + title[4:].strip().capitalize()
    elif title.lower() == "thứ trưởng":
        on_behalf = "KT. Bộ trưởng"
    return Signer(title, name, on_behalf=on_behalf)


def revocation_doc(revocation: Revocation) -> RevocationDoc:
    certificate = revocation.certificate
    decision = certificate.decision
    if decision.level == "central":
        issuer = level_issuer("central", "")
        issued_by = "Bộ trưởng Bộ Nông nghiệp và Môi trường"
        proposal = "Theo đề nghị của cơ quan tham mưu quản lý OCOP trung ương"
    else:
        province = certificate.product.producer.commune.province.name
        issuer = level_issuer("province", province)
        issued_by = ""
        proposal = "Theo đề nghị của cơ quan tham mưu quản lý OCOP cấp tỉnh"
    # The recognition decision is cited by its own issuer: a 148-2023 3★ one by the district's chair.
    recognised_by = decision_issuer(decision).name if decision.level == "district" else issuer.name
    signer = revocation.decided_by
    return RevocationDoc(
        issuer=issuer,
        number=revocation.decision_number,
        decision_date=revocation.decision_date,
        certificate_number=certificate.number,
        certificate_date=certificate.valid_from,
        recognition=f"{decision.number} ngày {decision.signed_on:%d/%m/%Y} của {issued_by or 'Chủ tịch ' + recognised_by} "
        "về việc công nhận kết quả đánh giá, phân hạng sản phẩm OCOP",
        product_name=certificate.product_name,
        producer_name=certificate.producer_name,
        producer_address=certificate.producer_address,
        stars=certificate.star,
        ground_code=revocation.ground,
        ground_text=revocation.ground_text,
        reasons=revocation.proposal_note,
        signer=_signer(revocation.signer_title, (signer.full_name or signer.username) if signer else ""),
        issued_by=issued_by,
        proposal=proposal,
    )
