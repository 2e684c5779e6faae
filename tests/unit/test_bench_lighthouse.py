"""make bench's Lighthouse line: the score, metrics and LCP element read from Lighthouse's JSON
report as Lighthouse 13 writes it (the shape below is that of a real report of /find/, cut to
the fields read), and the tile server's host blocked, nothing else."""

from benchmarks.lighthouse import audit_line, summary, tile_pattern


def _report(score: float) -> dict:
    metric = lambda value: {"score": 1, "scoreDisplayMode": "numeric", "numericValue": value}  # noqa: E731
    return {
        "categories": {
            "performance": {
                "score": score,
                "auditRefs": [
                    {"id": "first-contentful-paint", "weight": 10},
                    {"id": "largest-contentful-paint", "weight": 25},
                    {"id": "total-blocking-time", "weight": 30},
                    {"id": "cumulative-layout-shift", "weight": 25},
                    {"id": "speed-index", "weight": 10},
                    {"id": "render-blocking-insight", "weight": 0},
                    {"id": "cache-insight", "weight": 0},
                    {"id": "diagnostics", "weight": 0},
                ],
            }
        },
        "audits": {
            "first-contentful-paint": metric(872.4),
            "largest-contentful-paint": metric(2325.25),
            "total-blocking-time": metric(28.0),
            "cumulative-layout-shift": metric(0.0123),
            "speed-index": metric(1004.6),
            "render-blocking-insight": {
                "title": "Render-blocking requests",
                "score": 0.5,
                "scoreDisplayMode": "metricSavings",
            },
            "cache-insight": {
                "title": "Use efficient cache lifetimes",
                "score": 1,
                "scoreDisplayMode": "metricSavings",
            },
            "diagnostics": {"title": "Diagnostics", "score": None, "scoreDisplayMode": "informative"},
            "lcp-breakdown-insight": {
                "details": {
                    "type": "list",
                    "items": [
                        {"type": "table", "items": [{"subpart": "timeToFirstByte", "duration": 9.9}]},
                        {
                            "type": "node",
                            "selector": "body.page-find > main#main > div.wrap > p.lead",
                            "snippet": '<p class="lead">',
                        },
                    ],
                }
            },
        },
    }


def test_the_score_metrics_lcp_element_and_failing_advice_are_read_and_printed():
    result = summary(_report(0.974))
    assert result["score"] == 97
    assert result["metrics"]["largest-contentful-paint"] == 2325.25
    assert result["lcp_element"] == "body.page-find > main#main > div.wrap > p.lead"
    # advice that passes (cache 1) or has no score (diagnostics) is not reported as weak
    assert result["weak"] == ["Render-blocking requests"]
    assert audit_line("sample", "es/find/", result) == (
        "| sample | /es/find/ | 97 | 872 | 2,325 | 28 | 0.012 | 1,005 | `body.page-find > main#main > div.wrap > p.lead` |"
    )


def test_only_the_tile_servers_host_is_blocked():
    assert tile_pattern("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "*tile.openstreetmap.org/*"
    assert tile_pattern("https://{s}.tiles.example.org/{z}/{x}/{y}.png") == "*tiles.example.org/*"
