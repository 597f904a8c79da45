using VideoVisit.Web.Hosting;

namespace VideoVisit.Web.Staff;

public static class StaffPasswords
{
    public const int MinLength = 12;
    public const int MaxLength = 1024;

    /// <summary>Null when the password may be used; otherwise what is wrong, naming the field it came in.</summary>
    public static FieldError? Check(string? password, string field) =>
        password is null || password.Length < MinLength || password.Length > MaxLength
            ? new FieldError(field, $"The password must have at least {MinLength} characters.")
            : null;
}
