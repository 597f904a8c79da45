using VideoVisit.Signaling;
using VideoVisit.Web.Auth;
using VideoVisit.Web.Client;
using VideoVisit.Web.Data;
using VideoVisit.Web.Demo;
using VideoVisit.Web.Hosting;
using VideoVisit.Web.Invitations;
using VideoVisit.Web.Recording;
using VideoVisit.Web.Staff;
using VideoVisit.Web.Timeline;
using VideoVisit.Web.Turn;

var builder = WebApplication.CreateBuilder(args);

builder.AddVideoVisitLogging();
builder.AddVideoVisitMetrics();
builder.Services.AddVideoVisitErrors();
builder.Services.AddVideoVisitProxy(builder.Configuration);
builder.Services.AddVideoVisitData(builder.Configuration, builder.Environment);
builder.Services.AddVideoVisitAuth(builder.Configuration, builder.Environment);
builder.Services.AddInvitations(builder.Configuration);
builder.Services.AddStaffApi();
builder.Services.AddVisitRecords();
builder.Services.AddVisitRecording(builder.Configuration, builder.Environment);
builder.Services.AddVisitSignaling(builder.Configuration);
builder.Services.AddTurn(builder.Configuration);
builder.Services.AddVideoVisitHealth();
builder.Services.AddDemoVisit(builder.Configuration, builder.Environment);

var app = builder.Build();

if (ProcessRecordingsCommand.Matches(args))
{
    await using (var scope = app.Services.CreateAsyncScope())
    {
        await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.MigrateAsync(
            scope.ServiceProvider.GetRequiredService<VideoVisit.Web.Data.VideoVisitDb>().Database);
    }
    Environment.ExitCode = await ProcessRecordingsCommand.RunAsync(app.Services, Console.Out);
    return;
}

if (CreateCoordinatorCommand.Matches(args))
{
    Environment.ExitCode = await CreateCoordinatorCommand.RunAsync(app.Services, args, Console.In, Console.Out);
    return;
}

app.UseVideoVisitMetrics();
app.UseVideoVisitProxy();
app.UseVideoVisitErrors();
app.UseClientApp();
app.UseVideoVisitAuth();
app.UseRateLimiter();
app.MapVideoVisitHealth();
app.MapAuthEndpoints();
app.MapInvitationEndpoints();
app.MapTurnEndpoints();
app.MapRecordingEndpoints();
app.MapStaffApi();
app.MapVisitHub();
app.MapClientApp();

app.Run();

/// <summary>The host's entry point, visible to the test hosts.</summary>
public partial class Program;
