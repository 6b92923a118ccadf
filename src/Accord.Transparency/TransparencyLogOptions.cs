namespace Accord.Transparency;

/// <summary>How the transparency log batches appends and which witnesses it trusts (configuration section "Accord:Log").</summary>
public sealed class TransparencyLogOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Accord:Log";

    /// <summary>The checkpoint origin and log key name. Default "accord.local/log".</summary>
    public string Origin { get; set; } = "accord.local/log";

    /// <summary>A batch is written as soon as it holds this many entries. Default 512.</summary>
    public int BatchMaxEntries { get; set; } = 512;

    /// <summary>A batch is written at most this long after its first entry arrived. Default 2 ms.</summary>
    public TimeSpan BatchMaxDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>C2SP verifier keys (cosignature/v1, type 0x04) of the witnesses whose cosignatures are accepted.</summary>
    public List<string> Witnesses { get; set; } = [];
}
