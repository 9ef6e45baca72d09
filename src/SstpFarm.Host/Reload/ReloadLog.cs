using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using SstpFarm.Host.Certificates;

namespace SstpFarm.Host.Reload;

/// <summary>Certificate, users and file-watch reload events, ids 5100-5199 (names and ids are a public contract).</summary>
internal static partial class ReloadLog
{
    [LoggerMessage(EventId = 5100, EventName = "WatchStarted", Level = LogLevel.Debug, Message = "Watching {Paths} for changes (inotify, and a poll every {PollInterval})")]
    public static partial void WatchStarted(ILogger logger, IReadOnlyList<string> paths, TimeSpan pollInterval);

    [LoggerMessage(EventId = 5101, EventName = "DirectoryNotWatched", Level = LogLevel.Warning, Message = "Cannot watch directory {Directory} with inotify ({Reason}); changes there are seen by the poll every {PollInterval}")]
    public static partial void DirectoryNotWatched(ILogger logger, string directory, string reason, TimeSpan pollInterval);

    [LoggerMessage(EventId = 5102, EventName = "WatchEventsLost", Level = LogLevel.Warning, Message = "inotify events for {Directory} were lost; checking the files now")]
    public static partial void WatchEventsLost(ILogger logger, string directory, Exception exception);

    [LoggerMessage(EventId = 5103, EventName = "FilesSettled", Level = LogLevel.Debug, Message = "Changed and settled: {Paths}")]
    public static partial void FilesSettled(ILogger logger, IReadOnlyList<string> paths);

    [LoggerMessage(EventId = 5104, EventName = "WatchCallbackFailed", Level = LogLevel.Error, Message = "Reloading after a change of {Paths} failed unexpectedly")]
    public static partial void WatchCallbackFailed(ILogger logger, IReadOnlyList<string> paths, Exception exception);

    [SuppressMessage("Performance", "CA1873", Justification = "Guarded by IsEnabled; the analyzer does not see the guard.")]
    public static void CertificateReloaded(ILogger logger, ReloadTrigger trigger, ServerCertificate loaded, ServerCertificate previous)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            CertificateReloaded(logger, trigger, loaded.CertificatePath, loaded.Certificate.Subject, loaded.Certificate.NotAfter.ToUniversalTime(), CertificateFingerprints.Format(loaded.Fingerprints.Sha256), CertificateFingerprints.Format(previous.Fingerprints.Sha256));
        }
    }

    [LoggerMessage(EventId = 5110, EventName = "CertificateReloaded", Level = LogLevel.Information, Message = "TLS certificate reloaded ({Trigger}) from {CertificatePath}: {Subject}, valid until {NotAfter:yyyy-MM-dd}, SHA-256 {Sha256} (was {PreviousSha256}); new handshakes use it, sessions keep theirs")]
    private static partial void CertificateReloaded(ILogger logger, ReloadTrigger trigger, string certificatePath, string subject, DateTime notAfter, string sha256, string previousSha256);

    [LoggerMessage(EventId = 5111, EventName = "CertificateUnchanged", Level = LogLevel.Information, Message = "TLS certificate files reloaded ({Trigger}) from {CertificatePath}: same certificate, SHA-256 {Sha256}")]
    public static partial void CertificateUnchanged(ILogger logger, ReloadTrigger trigger, string certificatePath, string sha256);

    [LoggerMessage(EventId = 5112, EventName = "CertificateRejected", Level = LogLevel.Error, Message = "TLS certificate NOT reloaded ({Trigger}): {File}: {Reason}; still serving SHA-256 {CurrentSha256}")]
    public static partial void CertificateRejected(ILogger logger, ReloadTrigger trigger, string file, string reason, string currentSha256);

    [LoggerMessage(EventId = 5113, EventName = "CertificateWarning", Level = LogLevel.Warning, Message = "Reloaded TLS certificate: {Warning}")]
    public static partial void CertificateWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 5114, EventName = "CertificateNotApplied", Level = LogLevel.Error, Message = "TLS certificate {CertificatePath} (SHA-256 {Sha256}) was loaded but the listener refused it; still serving the previous one")]
    public static partial void CertificateNotApplied(ILogger logger, string certificatePath, string sha256, Exception exception);

    [LoggerMessage(EventId = 5120, EventName = "UsersReloaded", Level = LogLevel.Information, Message = "Users reloaded ({Trigger}) from {Path}: {Count} users")]
    public static partial void UsersReloaded(ILogger logger, ReloadTrigger trigger, string path, int count);

    [LoggerMessage(EventId = 5121, EventName = "UsersFileMissing", Level = LogLevel.Warning, Message = "Users file {Path} is gone ({Trigger}): no local user can log in until it is back")]
    public static partial void UsersFileMissing(ILogger logger, ReloadTrigger trigger, string path);

    [LoggerMessage(EventId = 5122, EventName = "UsersRejected", Level = LogLevel.Error, Message = "Users file {Path} NOT reloaded ({Trigger}): {Reason}; keeping the last good {Count} users")]
    public static partial void UsersRejected(ILogger logger, ReloadTrigger trigger, string path, string reason, int count);

    [LoggerMessage(EventId = 5123, EventName = "UsersWarning", Level = LogLevel.Warning, Message = "Users file {Path}: {Warning}")]
    public static partial void UsersWarning(ILogger logger, string path, string warning);

    [LoggerMessage(EventId = 5130, EventName = "ReloadSignal", Level = LogLevel.Information, Message = "SIGHUP: reloading the TLS certificate and the users file")]
    public static partial void ReloadSignal(ILogger logger);
}
