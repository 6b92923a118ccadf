// Test classes run in parallel, as many at a time as there are processor threads: each starts its own server
// (data directory, free port) or joins the one ServerCollection shares, and the CLI writes to the console of its
// own invocation (CliRunner), not to the process-wide Console. Classes that share a server run one after another
// within ServerCollection; classes that run PostgreSQL and silo processes, one after another within ClusterCollection;
// classes whose assertions count against the wall clock join SerialCollection, which runs alone after the others. The collections that take longest start first (LongestFirst).
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass)]
[assembly: TestCollectionOrderer(Accord.IntegrationTests.Infrastructure.LongestFirst.TypeName, Accord.IntegrationTests.Infrastructure.LongestFirst.AssemblyName)]
