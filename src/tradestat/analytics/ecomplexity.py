"""RCA, ECI, PCI, proximity, density, COI and COG of one year's reporter × product
export matrix, exactly as the Growth Lab's Stata ``ecomplexity`` package computes them
(discrete, symmetric proximity, RCA threshold; ado files ``complexity_rca``,
``proxdiscrete``, ``calculate_density``, ``ecipci``, ``coicog`` and the normalisation in
``ecomplexity.ado``):

- RCA_cp = (x_cp / x_c) / (x_p / x): Balassa; M_cp = 1 where RCA_cp > threshold.
- diversity k_c0 = Σ_p M_cp, ubiquity k_p0 = Σ_c M_cp.
- PCI is the eigenvector of the second largest eigenvalue of
  M~_pq = Σ_c M_cp M_cq / (k_p0 k_c0) (found through a symmetric matrix similar to it,
  ``_second_eigenvector``); ECI_c = Σ_p M_cp PCI_p / k_c0 (the products' average); both
  signs flipped when ECI does not correlate positively with diversity.
- ECI is standardised with the mean and the sample standard deviation taken over the
  year's reporter × product rows (each reporter once per product), and PCI with ECI's
  mean and standard deviation, not its own.
- proximity φ_pq = min(P(q | p), P(p | q)) = C_pq / max(k_p0, k_q0), zero diagonal.
- density_cp = Σ_q M_cq φ_qp / Σ_q φ_qp.
- COI_c = Σ_p density_cp (1 - M_cp) PCI_p (raw PCI), z-scored like ECI.
- COG_cp = (1 - M_cp) Σ_q (1 - M_cq) φ_qp PCI_q / Σ_r φ_qr (raw PCI), divided by ECI's
  standard deviation.

Reporters and products whose total is not positive are left out of the year first, as
the Stata package does. numpy is imported here only (never by ``import tradestat``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class YearResult:
    """One year's measures; matrices are reporters × products (numpy arrays)."""

    reporters: list[str]
    products: list[str]
    x: Any
    rca: Any
    m: Any
    diversity: Any
    ubiquity: Any
    eci: Any  # per reporter
    pci: Any  # per product
    density: Any
    coi: Any  # per reporter
    cog: Any
    proximity: Any  # products × products


def year_measures(
    reporters: list[str], products: list[str], x: Any, threshold: float = 1.0
) -> YearResult:
    """The measures of one year's export matrix ``x`` (reporters × products, zeros where
    a reporter has no exports of a product). Rows or columns with a total that is not
    positive must have been dropped by the caller (``drop_empty``)."""
    import warnings

    import numpy as np

    x = np.asarray(x, dtype=float)
    n_p = x.shape[1]
    rca = (x / x.sum(axis=1, keepdims=True)) / (x.sum(axis=0, keepdims=True) / x.sum())
    m = (rca > threshold).astype(float)
    kc0 = m.sum(axis=1)
    kp0 = m.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # corrcoef of a constant: NaN
        # the product-space matrix whose second eigenvector is the PCI (ecipci.ado)
        m_tilde = ((m / kp0[None, :]) / kc0[:, None]).T @ m
        if n_p > 1 and np.isfinite(m_tilde).all():
            kp = _second_eigenvector(m, kc0, kp0)
        else:  # a reporter without advantages or a product nobody has: undefined, as in Stata
            kp = np.full(n_p, np.nan)
        kc = (m / kc0[:, None]) @ kp
        if np.corrcoef(kc0, kc)[0, 1] <= 0:  # 2 * (corr > 0) - 1: a tie flips the sign
            kp, kc = -kp, -kc
        # proximity: co-occurrence over the larger ubiquity, zero diagonal (proxdiscrete)
        co = m.T @ m
        proximity = np.minimum(co / kp0[None, :], co / kp0[:, None]) - np.eye(n_p)
        density = (m @ proximity) / proximity.sum(axis=0)[None, :]
        coi = (density * (1 - m)) @ kp
        weights = proximity * (kp / proximity.sum(axis=1))[:, None]
        cog = (1 - m) * ((1 - m) @ weights)
    # statistics over the year's rows: every reporter once per product (Stata's long data)
    eci_rows = np.repeat(kc, n_p)
    coi_rows = np.repeat(coi, n_p)
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # one row: no sample sd
        mean, sd = eci_rows.mean(), eci_rows.std(ddof=1)
        coi_mean, coi_sd = coi_rows.mean(), coi_rows.std(ddof=1)
        return YearResult(
            reporters=reporters,
            products=products,
            x=x,
            rca=rca,
            m=m,
            diversity=kc0,
            ubiquity=kp0,
            eci=(kc - mean) / sd,
            pci=(kp - mean) / sd,
            density=density,
            coi=(coi - coi_mean) / coi_sd,
            cog=cog / sd,
            proximity=proximity,
        )


def _second_eigenvector(m: Any, kc0: Any, kp0: Any) -> Any:
    """PCI before standardising: the eigenvector of M~ = U^-1 M' D^-1 M for its second
    largest eigenvalue (ecipci.ado takes Mata's eigensystem() of M~, sorted by modulus).

    M~ is similar to the symmetric positive semi-definite S = A'A, A = D^-1/2 M U^-1/2,
    so its eigenvalues are real and >= 0 (modulus order = value order) and its
    eigenvectors are U^-1/2 times S's: the same vector, found by a symmetric solver
    (10x faster than the general one on 1 000 products). With fewer reporters than
    products the reporters' side, A A' (similar to M_cc = D^-1 M U^-1 M'), is smaller:
    its eigenvector kc gives kp = U^-1 M' kc / lambda. Every measure is unchanged by
    the eigenvector's length, and its sign is set afterwards."""
    import numpy as np

    a = m / np.sqrt(kc0)[:, None] / np.sqrt(kp0)[None, :]
    if a.shape[0] < a.shape[1]:
        values, vectors = np.linalg.eigh(a @ a.T)
        if values[-2] > 1e-12:  # else kp would divide by ~0: solve the products' side
            kc = vectors[:, -2] / np.sqrt(kc0)
            return (m.T @ kc) / kp0 / values[-2]
    values, vectors = np.linalg.eigh(a.T @ a)
    return vectors[:, -2] / np.sqrt(kp0)


def drop_empty(
    reporters: list[str], products: list[str], x: Any
) -> tuple[list[str], list[str], Any, list[str], list[str]]:
    """Leave out reporters whose total is not positive, then products whose total over
    the reporters kept is not positive (in this order, as ecomplexity.ado does)."""
    import numpy as np

    x = np.asarray(x, dtype=float)
    keep_c = x.sum(axis=1) > 0
    x = x[keep_c, :]
    keep_p = x.sum(axis=0) > 0
    x = x[:, keep_p]
    kept_c = [r for r, k in zip(reporters, keep_c, strict=True) if k]
    kept_p = [p for p, k in zip(products, keep_p, strict=True) if k]
    dropped_c = [r for r in reporters if r not in set(kept_c)]
    dropped_p = [p for p in products if p not in set(kept_p)]
    return kept_c, kept_p, x, dropped_c, dropped_p
