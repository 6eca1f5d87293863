from .media import CustomDocument, CustomImage, CustomRendition

__all__ = ["CustomDocument", "CustomImage", "CustomRendition"]
