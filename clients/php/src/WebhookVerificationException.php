<?php
declare(strict_types=1);

namespace Gerbang;

/** A webhook that is not gerbang's, or not from now: answer it 400 and do nothing. */
final class WebhookVerificationException extends \RuntimeException
{
}
