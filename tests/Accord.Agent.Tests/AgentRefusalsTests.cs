using Accord.Client;
using Grpc.Core;

namespace Accord.Agent.Tests;

/// <summary>The one rule on which refusals a retry cures, and how the agent tells them: once, or by stopping.</summary>
public sealed class AgentRefusalsTests
{
    [Theory]
    [InlineData(StatusCode.PermissionDenied, "NOT_OWNER", RefusalKind.Final)]
    [InlineData(StatusCode.NotFound, "UNKNOWN_DEVICE", RefusalKind.Final)]
    [InlineData(StatusCode.Unauthenticated, "UNKNOWN_PARTY", RefusalKind.Final)]
    [InlineData(StatusCode.Unauthenticated, "BAD_SIGNATURE", RefusalKind.Final)]
    [InlineData(StatusCode.InvalidArgument, "MALFORMED", RefusalKind.Final)]
    [InlineData(StatusCode.Unavailable, null, RefusalKind.Transient)]
    [InlineData(StatusCode.DeadlineExceeded, null, RefusalKind.Transient)]
    [InlineData(StatusCode.ResourceExhausted, "RATE_LIMITED", RefusalKind.Transient)]
    [InlineData(StatusCode.FailedPrecondition, "STALE_EPOCH", RefusalKind.Curable)]
    [InlineData(StatusCode.FailedPrecondition, "UNKNOWN_CHALLENGE", RefusalKind.Curable)]
    public void Kind_CallRefused_ClassifiedByStatusAndReason(StatusCode status, string? reason, RefusalKind kind) =>
        Assert.Equal(kind, new ServerRefusal(status, reason, "words").Kind);

    [Theory]
    [InlineData("NOT_OWNER", RefusalKind.Final)]
    [InlineData("NOT_ENROLLED", RefusalKind.Final)]
    [InlineData("BAD_SIGNATURE", RefusalKind.Final)]
    [InlineData("WRONG_EPOCH", RefusalKind.Curable)]
    [InlineData("ABOVE_PHYSICAL_LIMIT", RefusalKind.Curable)]
    public void Kind_ReportRejected_ClassifiedByReason(string reason, RefusalKind kind) =>
        Assert.Equal(kind, ServerRefusal.OfReport(reason, "words").Kind);

    [Fact]
    public void ToString_CallWithReason_StatusAsGrpcNamesItThenReason() =>
        Assert.Equal("PERMISSION_DENIED (NOT_OWNER): not yours", new ServerRefusal(StatusCode.PermissionDenied, "NOT_OWNER", "not yours").ToString());

    [Fact]
    public void Handle_SameCurableRefusalManyTimes_ToldOncePerDevice()
    {
        var refusals = new AgentRefusals();
        var told = new List<AgentRefusal>();
        refusals.Refused += told.Add;

        for (var i = 0; i < 5; i++)
        {
            refusals.Handle(new AgentRefusal("GPU-1", "report", ServerRefusal.OfReport("ABOVE_PHYSICAL_LIMIT", $"report {i}")));
        }

        refusals.Handle(new AgentRefusal("GPU-2", "report", ServerRefusal.OfReport("ABOVE_PHYSICAL_LIMIT", "again")));

        Assert.Equal(["GPU-1", "GPU-2"], told.Select(t => t.DeviceId));
    }

    [Fact]
    public void Handle_FinalRefusal_ThrowsAndTellsNothing()
    {
        var refusals = new AgentRefusals();
        var told = 0;
        refusals.Refused += _ => told++;
        var refusal = new AgentRefusal("GPU-1", "reporting key", new ServerRefusal(StatusCode.PermissionDenied, "NOT_OWNER", "party 'lab-b' does not own GPU-1"));

        var thrown = Assert.Throws<AgentRefusedException>(() => refusals.Handle(refusal));

        Assert.Same(refusal, thrown.Refusal);
        Assert.StartsWith("device GPU-1: reporting key refused: PERMISSION_DENIED (NOT_OWNER): party 'lab-b' does not own GPU-1", thrown.Message);
        Assert.Equal(0, told);
    }
}
