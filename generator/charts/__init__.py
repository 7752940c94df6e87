"""Charts: static SVG drawn at generate time with matplotlib, plus the data behind each one.

data: what each chart shows, as plain data (the templates print it as the charts' text alternative);
drawing: the pictures, drawn from that data; reuse: the last run's files while their data is the same.
"""
from generator.charts.data import FILES, NETWORK, TIMELINE, TOPICS_OVER_TIME, chart_data, timeline_rows, topic_rows
from generator.charts.drawing import draw_timeline, draw_topics_over_time
from generator.charts.reuse import chart_key, draw, render_charts, reusable

__all__ = ["FILES", "NETWORK", "TIMELINE", "TOPICS_OVER_TIME", "chart_data", "chart_key", "draw", "draw_timeline",
           "draw_topics_over_time", "render_charts", "reusable", "timeline_rows", "topic_rows"]
