using Accord.Core.Keys;
using Accord.Core.Parties;
using Accord.Grains.Abstractions.Agreements;
using Accord.Grains.Abstractions.Commitments;
using Accord.Grains.Abstractions.Parties;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using PartyRole = Accord.Core.Parties.PartyRole;

namespace Accord.Server.Mapping;

/// <summary>Grain state to public records. Terms are read from the stored signed payloads, never re-stated.</summary>
public static class RecordMapping
{
    public static PartyRecord ToRecord(PartyState party)
    {
        var record = new PartyRecord
        {
            PartyId = party.PartyId,
            DisplayName = party.DisplayName,
            RegisteredAt = Timestamp.FromDateTimeOffset(party.RegisteredAt),
            Registration = EnvelopeMapping.ToProto(party.Registration!),
        };
        record.Roles.AddRange(party.Roles.Select(r => PartyMapping.ToProto(System.Enum.Parse<PartyRole>(r))));
        record.Keys.AddRange(party.PublicKeys.Select(k => new PartyKey { KeyId = KeyIds.Of(k), PublicKey = ByteString.CopyFrom(k) }));
        record.RoleChanges.AddRange(party.RoleChanges.Select(c => new RoleChangeRecord
        {
            Sequence = c.Sequence,
            Role = PartyMapping.ToProto(System.Enum.Parse<PartyRole>(c.Role)),
            Granted = c.Granted,
            Reason = c.Reason,
            LogIndex = c.LogIndex,
        }));
        return record;
    }

    public static CommitmentRecord ToRecord(CommitmentState commitment)
    {
        var statement = CommitmentStatement.Parser.ParseFrom(commitment.Statement!.Payload);
        var record = new CommitmentRecord
        {
            CommitmentId = commitment.CommitmentId,
            PartyId = commitment.PartyId,
            Title = statement.Title,
            Terms = statement.Terms,
            Condition = statement.Condition,
            Status = CommitmentMapping.ToProto(commitment.Status.ToCore()),
            StatusReason = commitment.StatusReason,
            RegisteredAt = Timestamp.FromDateTimeOffset(commitment.RegisteredAt),
            ActivatedAt = ToTimestamp(commitment.ActivatedAt),
            EndsAt = ToTimestamp(commitment.EndsAt),
            ClosedAt = ToTimestamp(commitment.ClosedAt),
            Statement = EnvelopeMapping.ToProto(commitment.Statement),
            Withdrawal = commitment.Withdrawal is { } w ? EnvelopeMapping.ToProto(w) : null,
            Attestation = commitment.Attestation is { } a ? EnvelopeMapping.ToProto(a) : null,
        };
        record.History.AddRange(commitment.History.Select(e =>
        {
            var change = new CommitmentEvent
            {
                Status = CommitmentMapping.ToProto(e.Status.ToCore()),
                At = Timestamp.FromDateTimeOffset(e.At),
                Reason = e.Reason,
            };
            if (e.LogIndex >= 0)
            {
                change.LogIndex = e.LogIndex;
            }

            return change;
        }));
        return record;
    }

    public static AgreementRecord ToRecord(AgreementState agreement)
    {
        var proposal = AgreementProposal.Parser.ParseFrom(agreement.Proposal!.Payload);
        var record = new AgreementRecord
        {
            AgreementId = agreement.AgreementId,
            Title = proposal.Title,
            Text = proposal.Text,
            Rule = proposal.Rule,
            Status = agreement.ActivatedAt is null ? AgreementStatus.Proposed : AgreementStatus.Active,
            ProposedBy = agreement.ProposedBy,
            ProposedAt = Timestamp.FromDateTimeOffset(agreement.ProposedAt),
            ActivatedAt = ToTimestamp(agreement.ActivatedAt),
            TermsDigest = ByteString.CopyFrom(agreement.TermsDigest),
            Proposal = EnvelopeMapping.ToProto(agreement.Proposal),
            ProposalLogIndex = agreement.ProposalLogIndex,
        };
        record.PartyIds.AddRange(agreement.PartyIds);
        record.CommitmentIds.AddRange(agreement.CommitmentIds);
        record.Signatures.AddRange(agreement.Signatures.Select(s => new AgreementSignatureRecord
        {
            PartyId = s.PartyId,
            SignedAt = Timestamp.FromDateTimeOffset(s.SignedAt),
            Envelope = EnvelopeMapping.ToProto(s.Envelope),
            LogIndex = s.LogIndex,
        }));
        return record;
    }

    private static Timestamp? ToTimestamp(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}
