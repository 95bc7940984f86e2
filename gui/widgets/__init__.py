"""Pieces several tabs use: plot style and palette, busy bar, formulas, export, the tab base."""
