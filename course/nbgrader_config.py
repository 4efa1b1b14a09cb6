"""nbgrader configuration of nn-dojo's master course: bilingual source notebooks.

To teach, make a one-language course from it: ``autograde init DIR --lang ja|en``.
"""

c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = "nn-dojo"
c.Execute.timeout = 120  # seconds per cell: the capstones train inside their test cells
