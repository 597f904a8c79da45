using Microsoft.Extensions.Logging;

namespace VideoVisit.Signaling.Hubs;

public sealed partial class VisitHub
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Visit {VisitId}: {ParticipantId} joined as {Role} on {ConnectionId}")]
    private static partial void LogJoined(ILogger logger, string visitId, string participantId, string role, string connectionId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Visit {VisitId}: {ParticipantId} left {ConnectionId} ({Reason})")]
    private static partial void LogLeft(ILogger logger, string visitId, string participantId, string connectionId, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Visit {VisitId}: {Action} on {ParticipantId} by {SupervisorId}")]
    private static partial void LogControl(ILogger logger, string visitId, string action, string participantId, string supervisorId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Hub call {Method} on {ConnectionId} refused: {Code}")]
    private static partial void LogRefused(ILogger logger, string connectionId, string method, string code);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Visit {VisitId}: stop/help pressed by {ParticipantId}")]
    private static partial void LogHelp(ILogger logger, string visitId, string participantId);
}
