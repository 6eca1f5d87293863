from .dilemmas import Dilemma, DilemmaKeuze, DilemmaSleutel, DilemmaspelItem, DilemmaspelPage
from .polls import MeedoenPage, Peiling, PeilingOptie, StemSleutel
from .wegwijzer import WegwijzerPage

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
    "WegwijzerPage",
]
