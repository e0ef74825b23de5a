"""SummarizePullFunction (functions/attribution_pull, `summary_handler`): sums up a run over every
program from the outcomes the workflow gathered.

AWS calls: none. It reads no settings and builds nothing; this module only says so.
"""
