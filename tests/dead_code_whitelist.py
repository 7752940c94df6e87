# Names the dead-code check (tests/test_dead_code.py, vulture) cannot see used: they are called by a library
# or by MkDocs, set for their side effect, or kept as an interface that tests use. Never imported or run.
# ruff: noqa
# fmt: off
__getattr__  # a package's lazy attribute lookup (PEP 562, analyze/__init__.py)
sentences_with_char_spans  # pysbd calls this override (analyze/sentences.py)
_.monitor_interval  # tqdm reads it: no monitor thread before worker processes fork (cli.py)
frame  # signal handlers take (signum, frame) (cli.py, interrupt.py)
model_config  # pydantic reads it (config_schema.py)
seconds  # a RunCounts field, set with dataclasses.replace (pipeline.py)
_.bytecode_cache  # Jinja reads it (render/templates.py)
NONE  # one of text_policy's three values, named with the other two
heading_id  # the toc extension's slugify, named in mkdocs.yml (heading_ids.py)
MARKDOWN_EXTENSIONS  # what mkdocs.yml enables; the escaping tests render with it (render/escape.py)
write_tree  # the writer's one-call interface (stage, then commit), tested in tests/test_writer.py
on_startup, on_serve, on_pre_build, on_config, on_post_page, on_post_build, dirty  # MkDocs hooks and their keyword arguments (theme/hooks)
_.plain  # templates call ui.plain (render/templates.py's Labels)
_.count_html  # templates call ui.count_html (Labels, for raw HTML blocks)
