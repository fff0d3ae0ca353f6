"""Geodesic distances and the vectorised great-circle matrix."""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pytest

from tracker.geo import service as geo

# The seed partner places (lat, lon).
SEED_PLACES = {
    "Brovary": (50.5110, 30.7900),
    "Jena": (50.9271, 11.5892),
    "Erlangen": (49.5897, 11.0078),
    "Fontenay-sous-Bois": (48.8517, 2.4772),
    "Rockford": (42.2711, -89.0940),
    "Kalmar": (56.6634, 16.3568),
    "Poltava": (49.5883, 34.5514),
    "Falun": (60.6065, 15.6355),
    "Kolomyia": (48.5310, 25.0360),
    "Visby": (57.6348, 18.2948),
    "Beryslav": (46.8411, 33.4264),
    "Höör": (55.9362, 13.5430),
    "Kopychyntsi": (49.1000, 25.9100),
    "Jönköping": (57.7826, 14.1618),
    "Berdychiv": (49.8993, 28.6025),
    "Karlskrona": (56.1612, 15.5869),
    "Chortkiv": (49.0171, 25.7980),
    "Lidingö": (59.3667, 18.1333),
    "Slavuta": (50.3017, 26.8653),
    "Piteå": (65.3172, 21.4794),
    "Lutsk": (50.7472, 25.3254),
    "Ronneby": (56.2094, 15.2760),
    "Ternopil": (49.5535, 25.5948),
    "Umeå": (63.8258, 20.2630),
    "Kherson": (46.6354, 32.6169),
    "Västerås": (59.6099, 16.5448),
    "Shatsk": (51.4903, 23.9275),
    "Växjö": (56.8777, 14.8091),
    "Kalush": (49.0430, 24.3604),
    "Kyiv": (50.4501, 30.5234),
    "Sillamäe": (59.3997, 27.7639),
    "Gniezno": (52.5348, 17.5826),
    "Grodzisk Mazowiecki": (52.1097, 20.6251),
    "Santa Marinella": (42.0346, 11.8535),
    "Shehyni": (49.7983, 22.9550),
}


def vincenty_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Independent reference: Vincenty's inverse formula on WGS-84 (mm accuracy)."""
    f = 1 / 298.257223563
    a_axis = 6378137.0
    b_axis = (1 - f) * a_axis
    u1 = math.atan((1 - f) * math.tan(math.radians(a[0])))
    u2 = math.atan((1 - f) * math.tan(math.radians(b[0])))
    lon_diff = math.radians(b[1] - a[1])
    lam = lon_diff
    for _ in range(200):
        sin_l, cos_l = math.sin(lam), math.cos(lam)
        sin_s = math.hypot(
            math.cos(u2) * sin_l, math.cos(u1) * math.sin(u2) - math.sin(u1) * math.cos(u2) * cos_l
        )
        cos_s = math.sin(u1) * math.sin(u2) + math.cos(u1) * math.cos(u2) * cos_l
        sigma = math.atan2(sin_s, cos_s)
        sin_alpha = math.cos(u1) * math.cos(u2) * sin_l / sin_s
        cos2_alpha = 1 - sin_alpha**2
        cos_2sm = cos_s - 2 * math.sin(u1) * math.sin(u2) / cos2_alpha
        c = f / 16 * cos2_alpha * (4 + f * (4 - 3 * cos2_alpha))
        prev, lam = (
            lam,
            lon_diff
            + (1 - c)
            * f
            * sin_alpha
            * (sigma + c * sin_s * (cos_2sm + c * cos_s * (-1 + 2 * cos_2sm**2))),
        )
        if abs(lam - prev) < 1e-12:
            break
    u_sq = cos2_alpha * (a_axis**2 - b_axis**2) / b_axis**2
    big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    d_sigma = (
        big_b
        * sin_s
        * (
            cos_2sm
            + big_b
            / 4
            * (
                cos_s * (-1 + 2 * cos_2sm**2)
                - big_b / 6 * cos_2sm * (-3 + 4 * sin_s**2) * (-3 + 4 * cos_2sm**2)
            )
        )
    )
    return b_axis * big_a * (sigma - d_sigma) / 1000


def test_brovary_jena_geodesic() -> None:
    brovary, jena = SEED_PLACES["Brovary"], SEED_PLACES["Jena"]
    km = geo.distance_km(brovary, jena)
    assert abs(km - vincenty_km(brovary, jena)) < 1.0
    assert 1340 < km < 1365  # about 1,352 km as the crow flies
    assert geo.distance_km(jena, brovary) == pytest.approx(km)
    assert geo.distance_km(brovary, brovary) == 0


def test_known_distance_kyiv_lviv() -> None:
    assert geo.distance_km(SEED_PLACES["Kyiv"], (49.8397, 24.0297)) == pytest.approx(469, abs=3)


def test_matrix_within_half_percent_of_geodesic() -> None:
    names = list(SEED_PLACES)
    lat = np.array([SEED_PLACES[n][0] for n in names])
    lon = np.array([SEED_PLACES[n][1] for n in names])
    matrix = geo.distance_matrix_km(lat, lon, lat, lon)
    assert matrix.shape == (len(names), len(names))
    assert np.allclose(np.diag(matrix), 0.0)
    assert np.allclose(matrix, matrix.T)
    worst = 0.0
    for i, j in combinations(range(len(names)), 2):
        true = geo.distance_km(SEED_PLACES[names[i]], SEED_PLACES[names[j]])
        worst = max(worst, abs(matrix[i, j] - true) / true)
    assert worst < 0.005, f"worst relative error {worst:.4%}"


def test_matrix_shapes_and_scalar_agree() -> None:
    m = geo.distance_matrix_km([50.5], [30.8], [50.9, 46.6, 50.5], [11.6, 32.6, 30.8])
    assert m.shape == (1, 3) and m[0, 2] == pytest.approx(0.0, abs=1e-9)
    assert m[0, 0] == pytest.approx(geo.haversine_km((50.5, 30.8), (50.9, 11.6)))
    assert geo.distance_matrix_km([], [], [1.0], [2.0]).shape == (0, 1)
    antipode = geo.distance_matrix_km([0.0], [0.0], [0.0], [180.0])[0, 0]
    assert antipode == pytest.approx(math.pi * geo.EARTH_MEAN_RADIUS_KM)


def test_matrix_is_fast_for_big_inputs() -> None:
    rng = np.random.default_rng(1)
    lat1, lon1 = rng.uniform(44, 60, 1000), rng.uniform(-10, 40, 1000)
    lat2, lon2 = rng.uniform(44, 60, 1000), rng.uniform(-10, 40, 1000)
    m = geo.distance_matrix_km(lat1, lon1, lat2, lon2)  # a million pairs
    assert m.shape == (1000, 1000) and np.isfinite(m).all()
