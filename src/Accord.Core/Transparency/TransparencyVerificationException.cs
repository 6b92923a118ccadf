namespace Accord.Core.Transparency;

/// <summary>A checkpoint, proof or bundle did not verify; the message says exactly what failed.</summary>
public sealed class TransparencyVerificationException(string message) : Exception(message);
