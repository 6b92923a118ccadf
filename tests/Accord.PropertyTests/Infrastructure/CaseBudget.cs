namespace Accord.PropertyTests.Infrastructure;

/// <summary>
/// How many generated cases each property runs. Every property takes its count from here, so the
/// sum below is the number of cases one run of this project generates.
/// </summary>
internal static class CaseBudget
{
    public const int EnvelopeMutations = 20_000;
    public const int EnvelopeRandom = 6_000;
    public const int EnvelopeResigned = 3_000;
    public const int SignedRequestParse = 15_000;
    public const int Freshness = 15_000;
    public const int ReportIngestRandom = 10_000;
    public const int ReportIngestMutations = 8_000;
    public const int InclusionMutations = 6_000;
    public const int ConsistencyMutations = 6_000;
    public const int MerkleRandom = 8_000;
    public const int NoteMutations = 6_000;
    public const int NoteRandom = 4_000;
    public const int VerifierKeyMutations = 2_000;
    public const int CosignatureMutations = 2_000;
    public const int TlogProofMutations = 3_000;
    public const int CommitmentBytes = 6_000;
    public const int CommitmentFields = 6_000;
    public const int DomainJson = 2_000;
    public const int GeniusXml = 2_000;
    public const int LlmAnswers = 4_000;
    public const int Scenarios = 3_000;
    public const int CertificateParse = 4_000;
    public const int ChainMutations = 600;
    public const int SpdmParse = 4_000;
    public const int EvidenceMutations = 600;
    public const int BundleBytes = 1_500;
    public const int BundleFields = 1_500;
    public const int KeyFiles = 1_500;
    public const int ServiceRegistry = 1_500;
    public const int ServiceDevices = 1_000;
    public const int ServiceCompliance = 600;
    public const int ServiceLog = 1_500;
    public const int ServiceMonitoring = 800;
    public const int VerdictDifferential = 10_000;

    /// <summary>The sum of every constant above.</summary>
    public static int Total =>
        typeof(CaseBudget).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .Sum(f => (int)f.GetRawConstantValue()!);
}
