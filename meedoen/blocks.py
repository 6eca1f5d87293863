"""The poll block now lives in the kennisbank's body (kennisbank.blocks.PeilingBlock), so every
page with a body can place a poll; re-exported here for the migrations that name it."""

from kennisbank.blocks import BodyStreamBlock, PeilingBlock

__all__ = ["MeedoenStreamBlock", "PeilingBlock"]


class MeedoenStreamBlock(BodyStreamBlock):
    """The Meedoen page's body: the body blocks, the poll among them."""
