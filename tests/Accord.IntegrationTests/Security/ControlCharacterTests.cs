using Accord.Cli.Output;
using Accord.Client;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Grpc.Core;

namespace Accord.IntegrationTests.Security;

/// <summary>
/// Text is data: a lab's workload id, notice or withdrawal reason carrying terminal escapes (ESC, BEL, NUL,
/// CR) is refused at the server, and what the CLI prints of text it did not write shows control characters
/// as visible escapes.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ControlCharacterTests(AccordServerFixture server)
{
    private const string ClearScreen = "run-1\u001b[2J\u001b[H";

    [Fact]
    public async Task Report_WorkloadIdWithTerminalEscape_RejectedMalformedAndNotLogged()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        var report = reporter.Next();
        report.WorkloadId = ClearScreen;

        var result = (await kit.StreamAsync(kit.Lab, [reporter.Sign(report)]))[0].Results.Single();

        Assert.Equal(ReportOutcome.Rejected, result.Outcome);
        Assert.Equal("MALFORMED", result.Reason);
        Assert.Contains("U+001B", result.Message, StringComparison.Ordinal);
        Assert.Equal(-1, result.LogIndex);
        Assert.Equal(0ul, (await kit.ReadDeviceAsync(reporter.Device.DeviceId)).Reports);
    }

    [Theory]
    [InlineData("run-1\u001b[2J")]
    [InlineData("run-1\u0007")]
    [InlineData("run-1\u0000")]
    [InlineData("run-1\rrun-2")]
    public async Task NotifyTraining_WorkloadIdWithControlCharacter_InvalidArgumentNamingIt(string workload)
    {
        var lab = await TestParty.RegisterAsync(server.Registry, "lab");
        var compliance = new ComplianceService.ComplianceServiceClient(server.Channel);
        var notice = lab.Sign(new TrainingNotification { Header = RequestSigning.Header(lab.Id), WorkloadId = workload, ExpectedFlop = 1e24 });

        var e = await Assert.ThrowsAsync<RpcException>(() => compliance.NotifyTrainingAsync(new NotifyTrainingRequest { Envelope = notice }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("control character", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("workload_id", e.Status.Detail + string.Join(",", e.Trailers.Select(t => t.Key)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithdrawCommitment_ReasonWithTerminalEscape_InvalidArgumentAndStillActive()
    {
        var owner = await TestParty.RegisterAsync(server.Registry, "lab");
        var commitment = await owner.CommitAsync(TestParty.Pause());
        var withdrawal = owner.Sign(new CommitmentWithdrawal { Header = RequestSigning.Header(owner.Id), CommitmentId = commitment.CommitmentId, Reason = "superseded\u001b]0;owned\u0007" });

        var e = await Assert.ThrowsAsync<RpcException>(() => server.Registry.WithdrawCommitmentAsync(new WithdrawCommitmentRequest { Envelope = withdrawal }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("U+001B", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(CommitmentStatus.Active, (await server.Registry.GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = commitment.CommitmentId })).Commitment.Status);
    }

    [Fact]
    public async Task CliError_EchoingInputWithEscapes_PrintsThemVisibly()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("bench", "load", "--governance-key", TestGovernance.KeyFilePath, "--servers", "\u001b[2Jhttp://x", "--devices", "1", "--duration", "1");

        Assert.Equal(2, code);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.Contains("\\u001B[2J", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Printable_ControlCharacters_ShownAsEscapesAndOtherTextKept()
    {
        Assert.Equal("a\\u001B[31mb\\u0007c\\u000Ad", Printable.Text("a\u001b[31mb\u0007c\nd"));
        Assert.Equal("Überprüfung — 検証", Printable.Text("Überprüfung — 検証"));
        Assert.Equal("x[[y]]\\u001B", Printable.Markup("x[y]\u001b"));
    }
}
