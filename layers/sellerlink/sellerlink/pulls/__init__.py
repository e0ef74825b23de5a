"""Attribution pulls: the workflow's steps, the report jobs they read, and the rows they stage."""
