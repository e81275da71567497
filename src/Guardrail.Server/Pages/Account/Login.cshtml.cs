using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Account;

public sealed class LoginModel(UserAccounts users) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public bool Failed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.SignInAsync(UserName ?? "", Password ?? "", cancellationToken);
        if (user is null)
        {
            Failed = true;
            return Page();
        }
        var identity = GuardrailClaims.Identity(CookieAuthenticationDefaults.AuthenticationScheme, user.DisplayName, Actor.User(user.UserName), user.Role, user.UserName);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new System.Security.Claims.ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
