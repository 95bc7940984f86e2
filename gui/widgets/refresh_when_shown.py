"""RefreshWhenShown: a view that recomputes only while it can be seen."""

from __future__ import annotations


class RefreshWhenShown:
    """Mixin (before the Qt base class) for a view whose ``refresh()`` is costly.

    Changes that arrive while the view is hidden only mark it stale, so that an α step on one
    tab does not pay for resampling or a deep network on another; showing the view (or
    calling :meth:`ensure_current`, for pictures and exports) brings it up to date.
    """

    _stale = True  # nothing computed until first shown

    def refresh(self) -> None:
        raise NotImplementedError

    def _on_inputs_changed(self, *_args) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def ensure_current(self) -> None:
        """Recompute if something changed while hidden (or nothing was computed yet)."""
        if self._stale:
            self._stale = False
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_current()
