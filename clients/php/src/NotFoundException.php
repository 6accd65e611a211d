<?php
declare(strict_types=1);

namespace Gerbang;

/** No such order for this app (404). */
final class NotFoundException extends GerbangException
{
}
