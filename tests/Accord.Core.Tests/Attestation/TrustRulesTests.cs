using Accord.Core.Attestation;

namespace Accord.Core.Tests.Attestation;

public sealed class TrustRulesTests
{
    [Fact]
    public void CheckRevocation_ARootOfAnotherInspector_Refused_OwnRootOrNonRootAllowed()
    {
        Assert.Null(TrustRules.CheckRevocation("insp-a", "ab", rootAddedBy: null));
        Assert.Null(TrustRules.CheckRevocation("insp-a", "ab", rootAddedBy: "insp-a"));
        var refusal = TrustRules.CheckRevocation("insp-b", "ab", rootAddedBy: "insp-a");
        Assert.Equal("ROOT_OF_ANOTHER_INSPECTOR", refusal!.Reason);
        Assert.Contains("'insp-a'", refusal.Message, StringComparison.Ordinal);
    }
}
