"""ocop — hệ thống quản lý Chương trình OCOP (One Commune One Product)."""
