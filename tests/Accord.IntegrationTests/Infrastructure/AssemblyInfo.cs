// The CLI tests redirect the process-wide console, so tests in this assembly run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
