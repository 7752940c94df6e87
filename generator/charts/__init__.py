"""Charts: static SVG drawn at generate time with matplotlib, plus the data behind each one.

data: what each chart shows, as plain data (the templates print it as the charts' text alternative), and the key
of that data; drawing: the pictures, drawn from it. Whether the last run's pictures will do is render's to say
(render/pages.py), as for any page.
"""
from generator.charts.data import (FILES, NETWORK, TIMELINE, TOPICS_OVER_TIME, chart_data, chart_key, timeline_rows,
                                   topic_rows)
from generator.charts.drawing import draw, draw_timeline, draw_topics_over_time

__all__ = ["FILES", "NETWORK", "TIMELINE", "TOPICS_OVER_TIME", "chart_data", "chart_key", "draw", "draw_timeline",
           "draw_topics_over_time", "timeline_rows", "topic_rows"]
