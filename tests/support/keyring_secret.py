"""Store or read one test secret through the Secret Service (D-Bus), for keyring_recovers.sh.

usage: keyring_secret.py store|read   (read prints "secret VALUE" when it reads unlocked)
"""
import dbus, sys
bus = dbus.SessionBus()
svc = bus.get_object('org.freedesktop.secrets', '/org/freedesktop/secrets')
iface = dbus.Interface(svc, 'org.freedesktop.Secret.Service')
_, session = iface.OpenSession('plain', dbus.String('', variant_level=1))
attrs = {'app': 'jebi-selftest'}
if sys.argv[1] == 'store':
    coll = dbus.Interface(bus.get_object('org.freedesktop.secrets', '/org/freedesktop/secrets/collection/login'), 'org.freedesktop.Secret.Collection')
    props = {'org.freedesktop.Secret.Item.Label': 'selftest', 'org.freedesktop.Secret.Item.Attributes': dbus.Dictionary(attrs, signature='ss')}
    coll.CreateItem(props, (session, dbus.ByteArray(b''), dbus.ByteArray(b'sekrit'), 'text/plain'), True)
else:
    unlocked, locked = iface.SearchItems(attrs)
    if unlocked:
        secrets = iface.GetSecrets(unlocked, session)
        print('secret', bytes(list(secrets.values())[0][2]).decode())
