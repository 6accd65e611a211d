<?php
// For hosting without Composer: require this file, then use Gerbang\Client and Gerbang\WebhookVerifier.
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'Gerbang\\')) {
        $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, 8)) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
