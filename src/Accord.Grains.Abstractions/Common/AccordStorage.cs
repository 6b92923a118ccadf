namespace Accord.Grains.Abstractions.Common;

/// <summary>Names shared by grains and the host.</summary>
public static class AccordStorage
{
    /// <summary>The grain storage provider every Accord grain keeps its state in.</summary>
    public const string Name = "accord";
}
