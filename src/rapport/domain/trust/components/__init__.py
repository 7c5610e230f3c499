"""The four trust components, one module each: :mod:`.credibility`, :mod:`.reliability`,
:mod:`.intimacy` and :mod:`.self_orientation` (each defines the function of its name; the
package :mod:`rapport.domain.trust` re-exports them)."""
