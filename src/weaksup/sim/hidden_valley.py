"""Hidden Valley dark-sector spectrum from eq. (2.1) of the first paper (Chen, Chiang, Hsieh).

    m_pi / Lambda  = 5.5 sqrt(m_q / Lambda)
    m_rho / Lambda = sqrt(5.76 + 1.5 m_pi^2 / Lambda^2)
    m_q,const      = m_q + Lambda

The config gives Lambda_D and m_pi/Lambda_D per scenario; every mass handed to Pythia is derived
here (never typed into a card by hand). All masses in GeV.
"""

from dataclasses import dataclass

# PDG-style codes of Pythia's HiddenValley module.
ZPRIME = 4900023  # the Z' ("Zv") mediator
#: dark quarks of the nFlav = 3 flavours (HiddenValley:separateFlav = on), mass-degenerate
DARK_QUARKS = (4900101, 4900102, 4900103)
#: dark pions and rhos 4900ij1 / 4900ij3 of flavours i >= j (diagonal: 11, 22, 33), all degenerate
PIONS = (4900111, 4900211, 4900221, 4900311, 4900321, 4900331)
RHOS = (4900113, 4900213, 4900223, 4900313, 4900323, 4900333)


#: Lund b and string pT width of the dark sector in the pre-8.313 dimensionless form of the
#: authors' cards: b * m_q,const^2 = 1.9 and sigma / m_q,const = 0.5 (see config/pythia/hidden_valley.cmnd).
B_LUND_TIMES_MQ2 = 1.9
SIGMA_LUND_OVER_MQ = 0.5


@dataclass(frozen=True)
class DarkSpectrum:
    """Masses (GeV) of the dark sector for one scenario."""

    lambda_d: float
    m_quark: float
    m_quark_constituent: float
    m_pion: float
    m_rho: float

    @property
    def rho_to_pions_open(self) -> bool:
        """True when rho_D -> pi_D pi_D is kinematically allowed (the ID scenario)."""
        return self.m_rho > 2.0 * self.m_pion


def spectrum(lambda_d: float, mpi_over_lambda: float) -> DarkSpectrum:
    """Dark-sector masses (GeV) from Lambda_D (GeV) and m_pi/Lambda_D, eq. (2.1)."""
    if lambda_d <= 0 or mpi_over_lambda <= 0:
        raise ValueError("Lambda_D and m_pi/Lambda_D must be positive")
    m_quark = lambda_d * (mpi_over_lambda / 5.5) ** 2
    m_rho = lambda_d * (5.76 + 1.5 * mpi_over_lambda**2) ** 0.5
    return DarkSpectrum(
        lambda_d=lambda_d,
        m_quark=m_quark,
        m_quark_constituent=m_quark + lambda_d,
        m_pion=lambda_d * mpi_over_lambda,
        m_rho=m_rho,
    )
