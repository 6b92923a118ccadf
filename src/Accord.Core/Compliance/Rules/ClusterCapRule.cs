using Accord.Core.Commitments;
using Accord.Core.Monitoring;
using static Accord.Core.Compliance.LedgerText;

namespace Accord.Core.Compliance.Rules;

/// <summary>
/// <see cref="ClusterSizeCap"/>: the devices of one run reporting in the same cluster slot are one cluster, and
/// its capacity may not pass the limit. All facilities: each device at its model's peak. Unmonitored facilities:
/// the undeclared peers the run's reports name, each counted as one H100 SXM; the devices themselves are not
/// seen, so it never holds on the evidence, it is at best not breached.
/// </summary>
internal sealed class ClusterCapRule : CommitmentRule<ClusterSizeCap>
{
    public ClusterCapRule(ClusterSizeCap terms, CommitmentRecord record, LedgerContext ledger)
        : base(terms, record, ledger)
    {
        var units = terms.Unit == ClusterUnit.H100Equivalents ? " over the H100 SXM's (H100-equivalents)" : " (FLOP/s)";
        var slot = FormatSpan(ledger.State.ClusterSlot);
        Basis = terms.Scope == ClusterScope.UnmonitoredFacilities
            ? $"peers named by monitored devices that are not declared devices, in the same {slot} slot of one run, each counted as one H100 SXM (model unknown) at peak dense {Name(terms.Precision)}{units}"
            : $"devices of one run reporting in the same {slot} slot, each at its model's peak dense {Name(terms.Precision)} FLOP/s{units}";
    }

    public static RuleKind Registration { get; } = RuleKind.Of<ClusterSizeCap>(
        CommitmentKind.ClusterSizeCap,
        t => new() { Kind = t.Kind, Unit = t.Unit, Flop = t.Limit, Precision = t.Precision, Scope = t.Scope },
        r => new ClusterSizeCap(r.Unit!.Value, r.Flop!.Value, r.Precision!.Value, r.Scope!.Value),
        (t, r, l) => new ClusterCapRule(t, r, l));

    public override string Basis { get; }

    public override double? Limit => Terms.Limit;

    public override bool NeedsComputeEvidence => Terms.Scope == ClusterScope.AllFacilities;

    public override bool TracksRuns => true;

    public override bool CountsSlots => true;

    public override void OnSlot(RunState run, SlotState slot, long slotStart, bool newDevice, VerifiedReport report, DateTimeOffset now, List<Violation> raised)
    {
        var length = Ledger.State.ClusterSlot.Ticks;
        if (slotStart + length <= From || slotStart >= Until)
        {
            return;
        }

        double size;
        if (Terms.Scope == ClusterScope.AllFacilities)
        {
            slot.Sums.TryGetValue(Id, out var sum);
            if (newDevice)
            {
                sum += Capacity(report.Model, Terms);
                slot.Sums[Id] = sum;
            }

            size = sum;
        }
        else
        {
            size = slot.UndeclaredPeers.Count * Capacity(DeviceModel.H100Sxm, Terms);
        }

        var rc = run.ByCommitment[Id];
        rc.MaxCluster = Math.Max(rc.MaxCluster, size);
        Record.MaxMeasured = Math.Max(Record.MaxMeasured ?? 0, size);
        if (!rc.Raised && size > Terms.Limit)
        {
            rc.Raised = true;
            var unit = Terms.Unit == ClusterUnit.H100Equivalents ? $"H100-equivalents ({Name(Terms.Precision)})" : $"FLOP/s ({Name(Terms.Precision)} peak dense)";
            var what = Terms.Scope == ClusterScope.AllFacilities
                ? $"{slot.Devices.Count} devices"
                : $"{slot.UndeclaredPeers.Count} undeclared (unmonitored) peer devices";
            Violations.RaiseForRun(this, ComplianceRules.ClusterSize, run, size, Terms.Limit, unit, [run.FirstEvidence, report.Evidence], now,
                $"run '{run.Id}' had {what} concurrently in the slot {FormatTime(slotStart)} + {FormatSpan(Ledger.State.ClusterSlot)}: "
                    + $"{F(size)} {unit}, above the cap of {F(Terms.Limit)}",
                raised);
        }
    }

    public override void OnSlotMerged(SlotState slot)
    {
        if (Terms.Scope == ClusterScope.AllFacilities)
        {
            slot.Sums[Id] = slot.Devices.Values.Sum(m => Capacity(m, Terms));
        }
    }

    public override CommitmentEvaluation Evaluate(DateTimeOffset now, string span) =>
        Terms.Scope == ClusterScope.UnmonitoredFacilities
            ? NotVerifiable(
                $"{span}; a facility with no monitored device sends no reports, so only unmonitored peers named by monitored devices are seen "
                    + $"(largest such cluster: {F(Record.MaxMeasured ?? 0)}); no breach among them",
                Record.MaxMeasured)
            : base.Evaluate(now, span);

    /// <summary>One device of <paramref name="model"/> in the cap's unit: its peak at the cap's precision (BF16 when it lacks it).</summary>
    private static double Capacity(DeviceModel model, ClusterSizeCap cap)
    {
        var precision = DeviceModels.Supports(model, cap.Precision) ? cap.Precision : Precision.Bf16;
        var peak = DeviceModels.PeakDenseFlopPerSecond(model, precision);
        return cap.Unit == ClusterUnit.H100Equivalents ? peak / DeviceModels.PeakDenseFlopPerSecond(DeviceModel.H100Sxm, precision) : peak;
    }
}
