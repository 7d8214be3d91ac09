import math

import pytest

from weaksup.events import pools


def test_combined_cross_section_weights_by_accepted_events():
    chunks = [
        {"sigma_fb": 100.0, "sigma_err_fb": 2.0, "n_accepted": 1000},
        {"sigma_fb": 110.0, "sigma_err_fb": 4.0, "n_accepted": 3000},
    ]
    sigma, err = pools.combined_cross_section(chunks)
    assert sigma == pytest.approx(107.5)
    assert err == pytest.approx(math.sqrt((2 * 1000) ** 2 + (4 * 3000) ** 2) / 4000)


def test_region_cross_section_and_binomial_error():
    sigma, err = pools.region_cross_section(1000.0, 0.0, 100, 10000)
    assert sigma == pytest.approx(10.0)
    assert err == pytest.approx(10.0 * math.sqrt(0.99 / 100))


def test_yields_table_has_the_contract_columns():
    summaries = {
        "qcd": {"sigma_fb": 1000.0, "sigma_err_fb": 10.0, "n_generated": 1000, "n_selected": {"SR": 100, "SB": 50}},
    }
    table = pools.yields_table(summaries, 139.0)
    assert list(table.columns) == ["sample", "region", "k_factor", "sigma_fb", "sigma_err_fb", "n_expected", "n_pool"]
    sr = table.set_index("region").loc["SR"]
    assert sr.sigma_fb == pytest.approx(100.0) and sr.n_expected == pytest.approx(13900.0) and sr.n_pool == 100
    assert sr.k_factor == 1


def test_a_k_factor_scales_cross_sections_errors_and_expected_events():
    summaries = {
        "qcd": {"sigma_fb": 1000.0, "sigma_err_fb": 10.0, "n_generated": 1000, "n_selected": {"SR": 100, "SB": 50}},
        "hv": {"sigma_fb": 1.0, "sigma_err_fb": 0.0, "n_generated": 10, "n_selected": {"SR": 5, "SB": 5}},
    }
    plain = pools.yields_table(summaries, 139.0).set_index(["sample", "region"])
    scaled = pools.yields_table(summaries, 139.0, {"qcd": 0.625}).set_index(["sample", "region"])
    for column in ("sigma_fb", "sigma_err_fb", "n_expected"):
        assert scaled.loc[("qcd", "SR"), column] == pytest.approx(0.625 * plain.loc[("qcd", "SR"), column])
    assert scaled.loc["hv"].equals(plain.loc["hv"])  # other samples keep k = 1
    assert scaled.loc[("qcd", "SR"), "n_pool"] == 100


def test_no_accepted_events_is_an_error():
    with pytest.raises(ValueError, match="no accepted events"):
        pools.combined_cross_section([{"sigma_fb": 0.0, "sigma_err_fb": 0.0, "n_accepted": 0}])


def test_cutflow_table_gives_each_steps_share_and_cross_section():
    cutflow = {"SB": 12, "SR": 10, "abs_eta": 60, "generated": 200, "lead_pt": 80, "two_jets": 150}  # as JSON sorts it
    summary = {"n_generated": 200, "sigma_fb": 1000.0, "cutflow": cutflow}
    table = pools.cutflow_table({"qcd": summary}).set_index("step")
    assert list(table.index) == ["generated", "two_jets", "lead_pt", "abs_eta", "SR", "SB"]
    assert table.loc["two_jets", "percent"] == 75.0 and table.loc["SR", "sigma_fb"] == 50.0
    assert (table["sample"] == "qcd").all() and table.loc["SR", "events"] == 10
