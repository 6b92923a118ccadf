namespace Accord.Bench;

/// <summary>A benchmark was asked for something it cannot run (a count below 1, a database that is not empty); the message says which option.</summary>
public sealed class BenchInputException(string message) : Exception(message);
