"""Data every test that builds a dossier through the services needs (imported by name: pyproject
sets pythonpath = tests)."""

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The commune's four items (26/2026 Art. 7.2b), as a commune report fills them in.
FOUR = {
    "raw_materials": "Nguyên liệu tại xã",
    "labour": "Lao động địa phương",
    "idea_origin": "Sản phẩm truyền thống",
    "local_identity": "Giống bản địa",
}
