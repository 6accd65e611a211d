<?php
declare(strict_types=1);

namespace Gerbang;

/** The app code or key is wrong, or the app is disabled (401). */
final class AuthenticationException extends GerbangException
{
}
