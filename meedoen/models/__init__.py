from .dilemmas import Dilemma, DilemmaKeuze, DilemmaSleutel, DilemmaspelItem, DilemmaspelPage
from .polls import MeedoenPage, Peiling, PeilingOptie, StemSleutel

__all__ = [
    "Dilemma",
    "DilemmaKeuze",
    "DilemmaSleutel",
    "DilemmaspelItem",
    "DilemmaspelPage",
    "MeedoenPage",
    "Peiling",
    "PeilingOptie",
    "StemSleutel",
]
